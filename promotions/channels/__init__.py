"""Channels and money of the family-network bundle: stock made, drawn, bought, used and
recalled, penalties for verified cases, and each channel's monthly statement."""
