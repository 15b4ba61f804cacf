"""Kept so that old migrations (participants 0002/0004, training 0003, certificates 0002)
that import `privacy.fields` still load; the fields live in `vault.fields`."""

from vault.fields import EncryptedTextField, FieldDecryptionError, decrypt_text, encrypt_text

__all__ = ["EncryptedTextField", "FieldDecryptionError", "decrypt_text", "encrypt_text"]
