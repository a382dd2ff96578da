// Git module: see STYLE.md.
