"""Assessments (issue 15, item 1): instruments a program asks its mentees or mentors before the
program, at the mid-point, at the end and 3 and 6 months later, and the change they show."""
