# Integration tests of the window's tags area.
