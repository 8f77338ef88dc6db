"""Meeting endpoints, relative: ``tryeza/api_urls.py`` mounts them under /api/v1/."""

from django.urls import path

from tryeza.meetings import api, api_structures, api_tasks

urlpatterns = [
    path("meetings/", api.MeetingListCreate.as_view(), name="api-meetings"),
    path("meetings/tasks/", api_tasks.TaskList.as_view(), name="api-meeting-tasks"),
    path(
        "meetings/tasks/<int:pk>/status/",
        api_tasks.TaskStatusUpdate.as_view(),
        name="api-meeting-task-status",
    ),
    path("meetings/<int:pk>/", api.MeetingDetail.as_view(), name="api-meeting"),
    path("meetings/<int:pk>/items/", api.ItemPropose.as_view(), name="api-meeting-items"),
    path("meetings/<int:pk>/agenda/", api.AgendaPublish.as_view(), name="api-meeting-agenda"),
    path(
        "meetings/<int:pk>/attendance/",
        api.AttendanceRecord.as_view(),
        name="api-meeting-attendance",
    ),
    path("meetings/<int:pk>/minutes/", api.MinutesRecord.as_view(), name="api-meeting-minutes"),
    path(
        "meetings/<int:pk>/decisions/", api.DecisionCreate.as_view(), name="api-meeting-decisions"
    ),
    path(
        "meetings/<int:pk>/tasks/", api_tasks.TaskAssign.as_view(), name="api-meeting-task-assign"
    ),
    path(
        "meetings/structures/<int:pk>/terms/",
        api_structures.TermsListDraft.as_view(),
        name="api-meeting-terms",
    ),
    path(
        "meetings/terms/<int:pk>/approve/",
        api_structures.TermsApprove.as_view(),
        name="api-meeting-terms-approve",
    ),
    path(
        "meetings/structures/<int:pk>/presidency/",
        api_structures.Presidency.as_view(),
        name="api-meeting-presidency",
    ),
    path(
        "meetings/structures/<int:pk>/workplans/",
        api_structures.WorkPlans.as_view(),
        name="api-meeting-workplans",
    ),
    path(
        "meetings/structures/<int:pk>/figures/",
        api_structures.Figures.as_view(),
        name="api-meeting-figures",
    ),
]
