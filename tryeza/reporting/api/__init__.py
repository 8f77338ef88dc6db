"""The reporting API (mounted under /api/v1/reporting/ by ``api_urls.py``): the same
rules, selectors and services as the pages. Only aggregates leave through it."""
