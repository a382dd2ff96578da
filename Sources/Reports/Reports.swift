// Reports module: see STYLE.md.
