from gklint.fastcli import main

if __name__ == "__main__":  # not again in worker processes (gklint serve's pool imports the main module)
    main()
