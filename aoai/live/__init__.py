"""Live checks against Azure Resource Manager: settings, client, fetching facts, pure checks.

Only the CLI uses this package; components/ never talks to Azure.
"""
