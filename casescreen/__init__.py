"""casescreen: Short Quality Screening of youth offending work."""
