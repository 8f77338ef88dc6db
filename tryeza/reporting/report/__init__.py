"""The bi-annual report of a committee and ONAC's national consolidation, built by the task
worker (``tasks.build_report``) as PDF or XLSX.

The report leaves the region, so every count in it has passed disclosure control
(``tryeza.reporting.disclosure``) before it reaches a table or a chart: ``content`` and
``national`` gather protected text, ``pdf``/``xlsx``/``charts`` only lay it out."""
