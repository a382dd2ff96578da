// Policy module: see STYLE.md.
