# Integration tests of the window's explorer area.
