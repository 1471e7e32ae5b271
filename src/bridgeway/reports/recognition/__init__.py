"""Recognition (issue 15, item 6): mentors' hours and milestones, certificates of participation
and letters to a mentor's employer as PDF, each with a verification code and a public page that
confirms it is genuine. docs/reports.md, "Recognition"."""
