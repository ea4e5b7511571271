# Integration tests of the window's registries area.
