"""Curriculum mode: prompts a program's staff schedule ("Week 1: share your goals…") that appear
in the conversation of every pair and group under way in the program, in each reader's
language; staff see which pairs and groups have answered."""
