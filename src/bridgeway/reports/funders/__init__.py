"""Funder exports (issue 15, item 4): a funder's rows from a data-driven mapping file."""
