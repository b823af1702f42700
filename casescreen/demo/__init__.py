"""The built-in demo: the Redbridge inspection of February 2015 and a fieldwork one."""
