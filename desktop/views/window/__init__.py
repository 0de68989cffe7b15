"""The main window's parts apart from its layout: the menus, the status bar's permanent widgets,
and the docks each role adds. ``desktop.views.main_window`` lays them out."""
