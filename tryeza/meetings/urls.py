from django.urls import path

from tryeza.meetings.views import (
    agenda,
    calendar,
    coalitions,
    figures,
    meetings,
    minutes,
    tasks,
    terms,
)

app_name = "meetings"
urlpatterns = [
    path("", meetings.meeting_index, name="index"),
    path("tasks/", tasks.my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/status/", tasks.task_status_view, name="task-status"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("feed/<str:token>/", calendar.feed, name="feed"),
    path("structures/<int:pk>/", meetings.structure_meetings, name="structure"),
    path("structures/<int:pk>/plan/", meetings.meeting_plan_view, name="plan"),
    path("structures/<int:pk>/terms/", terms.terms_view, name="terms"),
    path("structures/<int:pk>/figures/", figures.figures_view, name="figures"),
    path("structures/<int:pk>/coalition/", coalitions.coalition_view, name="coalition"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/propose/", agenda.item_propose_view, name="propose"),
    path("<int:pk>/agenda/", agenda.agenda_publish_view, name="publish"),
    path("<int:pk>/attendance/", minutes.attendance_view, name="attendance"),
    path("<int:pk>/minutes/", minutes.minutes_view, name="minutes"),
    path("<int:pk>/decisions/", minutes.decision_view, name="decision"),
    path("<int:pk>/tasks/", minutes.task_assign_view, name="task-assign"),
    path(
        "<int:pk>/terms/<int:terms_pk>/approve/", minutes.terms_approve_view, name="terms-approve"
    ),
    path("<int:pk>/minutes.pdf", minutes.minutes_pdf_view, name="pdf"),
    path("<int:pk>/invitation.ics", calendar.meeting_ics, name="ics"),
]
