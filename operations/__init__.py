"""Operations: backup and restore, health endpoints and the status panel, request and task logs."""
