import AutohealCLI

AutohealMain.run()
