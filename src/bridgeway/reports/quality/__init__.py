"""Match quality (issue 15, item 7): satisfaction and goals reached by match-score band and by
matching rule, with n and 95% intervals, for staff deciding a program's weights."""
