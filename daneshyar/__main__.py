from daneshyar.cli import cli

cli()
