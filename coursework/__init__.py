"""Coursework tools: the chapters as otter-grader assignments.

``python -m coursework.make_student`` (``make student``) writes an Otter Assign source notebook
per chapter (``_build/otter/``) from the chapters' cell metadata and runs ``otter assign`` on
it: the student edition (``student/``) and one autograder zip per chapter
(``_build/autograder/``).  ``python -m coursework.grade`` grades collected submissions locally.
See the teacher's guide (chapters/94_teachers_guide.md) for the workflow and the metadata
contract of an exercise.
"""
