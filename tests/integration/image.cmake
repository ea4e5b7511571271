# Integration tests of the window's image area.
