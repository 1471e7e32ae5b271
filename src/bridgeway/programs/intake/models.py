"""Models of the intake app."""
