"""Write paths for diary records, shared by the forms and any importer."""
