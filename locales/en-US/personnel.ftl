# Personnel screens.

me-personnel-id = Personnel ID
me-department = Department
