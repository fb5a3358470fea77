"""Sections of the longer pages: functions that take the View and draw one part."""
