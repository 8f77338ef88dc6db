"""Meeting pages, split by subdomain: ``meetings`` (lists, planning, the meeting page),
``agenda`` (proposals, publication), ``minutes`` (attendance, minutes, decisions, tasks,
PDF), ``tasks`` (what an institution owes), ``terms``, ``coalitions``, ``figures`` and
``calendar`` (ICS files and feed). Reads go through ``meetings.selectors``, writes through
``meetings.services``."""
