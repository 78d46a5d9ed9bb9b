from kam.cli import run

run()
