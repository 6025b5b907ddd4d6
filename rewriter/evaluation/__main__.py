from rewriter.evaluation.cli import main

raise SystemExit(main())
