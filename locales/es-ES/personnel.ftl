# Pantallas de personal.

me-personnel-id = ID de personal
me-department = Departamento
