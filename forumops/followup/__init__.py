"""Follow-up: action plans, progress reports, the M&E dashboard and forum series."""
