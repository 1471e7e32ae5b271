"""Announcements, newsletters and blog posts: written once with a version per language, sent to
a segment of a program, an agency or the network (in-app and by email through the outbox),
scheduled with a durable timer, kept in an archive per scope with an Atom feed of public posts.
docs/community.md, "Announcements and newsletters"."""
