"""Circles: a peer-support circle for mentors, led by a seasoned mentor, or a circle of mentees
around a shared need, led by a mentor. Each circle has its own members-only forum space, its own
group conversation (messaging's) and its sessions (community/sessions' sessions, for its members
only). Staff of the circle's agency open, change and close circles and manage their members."""
