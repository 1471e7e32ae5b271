"""Models of the questionnaires app."""
