"""Bridgeway: an e-mentoring platform for a network of agencies."""

__version__ = "0.1.0"
