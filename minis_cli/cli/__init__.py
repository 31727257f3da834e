"""CLI placeholder"""
