import pghistory

# Every tracked model records inserts, updates and deletes through database triggers,
# so bulk .update() and raw SQL are captured too.
PGHISTORY_DEFAULT_TRACKERS = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
# Context (user, request id, IP, origin) is copied into each event row, so a sealed row is self-contained.
PGHISTORY_CONTEXT_FIELD = pghistory.ContextJSONField()
# History tables refuse UPDATE and DELETE at the database level.
PGHISTORY_APPEND_ONLY = True
# Verbose names are Chinese, so the generated related name would be empty: name it.
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(db_index=True, related_name="events")
