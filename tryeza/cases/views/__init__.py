"""Case pages, split like the services: ``case`` (list, register, detail, reveal, log),
``care`` (screening to escalation), ``referrals`` (sending, answering, the receiver's view)."""
