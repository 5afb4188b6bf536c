import streamlit as st

st.title("library")
