"""The citizen portal ("Mijn kwalificaties"): what a logged-in citizen sees and downloads.

- :mod:`.records`: her LED records as cards, grouped, with the credential to offer;
- :mod:`.files`: the credential download (freshly stapled status) and its file name;
- :mod:`.pdf`: the readable PDF with a QR code and the credential attached;
- :mod:`.i18n`: Dutch (default) and English, from a persistent choice or ``Accept-Language``.
"""
