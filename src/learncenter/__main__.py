from learncenter.cli import main

raise SystemExit(main())
