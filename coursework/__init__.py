"""Coursework tools: the student edition of the chapters and its autograding (otter-grader).

``python -m coursework.make_student`` writes ``student/`` (notebooks without solutions, with
answer stubs and self-check cells) and one otter autograder zip per chapter in
``_build/autograder/``.  ``python -m coursework.grade`` grades collected submissions locally.
See the teacher's guide (chapters/94_teachers_guide.md) for the workflow and the metadata
contract of an autograded exercise.
"""
