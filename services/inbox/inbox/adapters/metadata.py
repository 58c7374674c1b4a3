"""The inbox's one MetaData: the kit's outbox and processed-events tables, then the
tables of conversations (`conversations_orm`) and of notifications and e-mails
(`notifications_orm`), each module adding its own."""

from sqlalchemy import MetaData

from microtache.outbox import messaging_tables

metadata = MetaData()
messaging_tables(metadata)
