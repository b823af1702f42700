"""Helpers that know no app: CSV and PDF writing, workbook reading, form error summaries."""
