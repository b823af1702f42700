"""Pure-Python methodology: counts, words, statistics. No Django imports."""
