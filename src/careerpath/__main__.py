from careerpath.cli.app import main

main()
