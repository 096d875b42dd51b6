"""The editor page and the embeddable client, served by the service itself (works offline)."""
