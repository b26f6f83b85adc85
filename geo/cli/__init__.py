"""``python -m geo``: argument parsing and printing only; every sub-command calls the rooms below.
"""
