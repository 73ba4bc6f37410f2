"""The form engine: questionnaires, quizzes and consultations as validated data, run by one flow."""
