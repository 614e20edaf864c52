"""Screens: the main reading screen and the modal dialogs it opens."""
