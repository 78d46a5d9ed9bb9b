from kam.entry import run

run()
