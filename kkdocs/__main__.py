from kkdocs.cli import main

main()
